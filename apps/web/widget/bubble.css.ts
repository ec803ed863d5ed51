/**
 * The bubble's styles. Everything is set explicitly in px: nothing may be inherited from, or sized
 * by, the host page (its `font-size` on html would change rem, its `*` rules reach the host element).
 */
export const bubbleCss = `
:host{all:initial!important;display:block!important;position:static!important;visibility:visible!important}
.root{position:fixed;z-index:2147483000;right:20px;bottom:20px;font:400 15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2328;letter-spacing:normal;text-align:left;text-transform:none;direction:ltr}
.bubble{all:unset;box-sizing:border-box;width:56px;height:56px;border-radius:50%;background:var(--brand);color:var(--on-brand);display:flex;align-items:center;justify-content:center;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);transition:transform .15s}
.bubble:hover{transform:scale(1.06)}
.bubble:focus-visible{outline:3px solid var(--brand);outline-offset:3px}
.bubble svg{width:28px;height:28px;fill:currentColor}
.bubble[aria-busy=true]{opacity:.7;cursor:progress}
.fail:not(:empty){position:absolute;right:0;bottom:66px;width:220px;padding:8px 10px;border-radius:8px;background:#1f2328;color:#fff;font-size:13px;line-height:1.4}
.sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0;padding:0}
@media (prefers-reduced-motion:reduce){.bubble{transition:none}}
`;
