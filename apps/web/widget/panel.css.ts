/** The panel's styles (added to the same shadow root as the bubble's); px only, nothing inherited from the page. */
export const panelCss = `
.panel{position:fixed;right:20px;bottom:88px;width:380px;height:min(600px,calc(100vh - 110px));box-sizing:border-box;display:flex;flex-direction:column;background:#fff;color:#1f2328;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.28);overflow:hidden;font:inherit}
.panel[hidden]{display:none}
.panel *{box-sizing:border-box}
.head{display:flex;align-items:center;gap:10px;padding:12px 12px 12px 16px;background:var(--brand);color:var(--on-brand)}
.logo{width:32px;height:32px;border-radius:8px;object-fit:cover;background:#fff}
.titles{flex:1;min-width:0}
.title{margin:0;font-size:16px;font-weight:600;line-height:1.3;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sub{margin:0;font-size:13px;opacity:.85;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.icon-btn,.text-btn{all:unset;cursor:pointer;border-radius:8px;color:inherit;font-size:13px;line-height:1}
.text-btn{padding:7px 9px;border:1px solid currentColor;opacity:.9}
.icon-btn{width:32px;height:32px;display:flex;align-items:center;justify-content:center;font-size:22px}
.icon-btn:focus-visible,.text-btn:focus-visible{outline:2px solid currentColor;outline-offset:2px}
.text-btn:disabled{opacity:.5;cursor:default}
.log{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:10px;background:#f6f7f9;overscroll-behavior:contain}
.msg{max-width:85%;display:flex;flex-direction:column;gap:2px}
.msg .who{font-size:12px;color:#57606a}
.msg .text{margin:0;padding:9px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere;font-size:15px;line-height:1.45}
.msg-visitor{align-self:flex-end}
.msg-visitor .text{background:var(--brand);color:var(--on-brand);border-bottom-right-radius:4px}
.msg-ai .text,.msg-human .text{background:#fff;color:#1f2328;border:1px solid #e1e4e8;border-bottom-left-radius:4px}
.msg-system{align-self:center;max-width:100%}
.msg-system .text{background:none;color:#57606a;font-size:13px;padding:2px 8px;text-align:center}
.msg.pending{opacity:.65}
.msg[aria-busy=true] .text:empty::after{content:"…"}
.text a{color:inherit;text-decoration:underline}
.note{margin:0;padding:8px 16px;font-size:13px;line-height:1.4;border-top:1px solid #e1e4e8}
.note[hidden]{display:none}
.status{background:#eef6ff;color:#0b3d75}
.notice{background:#fff8e1;color:#5c4400}
.error{background:#fdecea;color:#8a1c12}
.form{display:flex;align-items:flex-end;gap:8px;padding:10px 12px;border-top:1px solid #e1e4e8;background:#fff}
.input{all:unset;flex:1;min-height:22px;max-height:120px;overflow-y:auto;padding:9px 12px;border:1px solid #c9ced6;border-radius:12px;font-size:15px;line-height:1.45;color:#1f2328;background:#fff;white-space:pre-wrap;overflow-wrap:anywhere}
.input:focus{border-color:var(--brand);box-shadow:0 0 0 2px color-mix(in srgb,var(--brand) 30%,transparent)}
.input::placeholder{color:#8b949e}
.send{all:unset;cursor:pointer;width:40px;height:40px;border-radius:50%;display:flex;align-items:center;justify-content:center;background:var(--brand);color:var(--on-brand);font-size:18px}
.send:disabled{opacity:.5;cursor:default}
.send:focus-visible{outline:3px solid var(--brand);outline-offset:2px}
.trap{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
@media (max-width:480px){.panel{inset:0;width:auto;height:auto;border-radius:0}.open .bubble{display:none}}
`;
