/**
 * GET /chat: one self-contained page (inline CSS and JS, no outside assets) that plays the Telegram
 * app for one local user. It talks to the stand-in's HTTP controls (/__stand-in/send, sticker, press,
 * transcript) and renders the bot's HTML from the parsed tree (DOM nodes, never innerHTML).
 */

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a <script> element: no "</script>" or "<!--" can end it early. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

export type ChatPageOptions = { botName: string; botUsername: string; start: string };

const styles = `
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#dfe7ee;color:#111;display:flex;justify-content:center}
.app{display:flex;flex-direction:column;width:100%;max-width:720px;height:100vh;height:100dvh;background:#c9d8c5 linear-gradient(160deg,#d5e4cf,#b8cfbc)}
header{display:flex;align-items:center;gap:.75rem;padding:.6rem .9rem;background:#fff;border-bottom:1px solid #d5dde3}
.avatar{width:40px;height:40px;border-radius:50%;background:#3390ec;color:#fff;display:grid;place-items:center;font-weight:600;flex:none}
.title{min-width:0}.title strong{display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.title span{color:#707579;font-size:13px}
.banner{background:#fff7d6;border-bottom:1px solid #eadca0;padding:.45rem .9rem;font-size:13px}
.me{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem;padding:.4rem .9rem;background:#f4f6f8;border-bottom:1px solid #d5dde3;font-size:13px;color:#444}
.me input{font:inherit;padding:.2rem .4rem;border:1px solid #c4ccd3;border-radius:6px;width:11rem;max-width:100%}
.me code{background:#e6eaee;padding:0 .3rem;border-radius:4px}
#log{flex:1;overflow-y:auto;padding:.8rem .6rem;display:flex;flex-direction:column;gap:.35rem}
.empty{margin:auto;background:rgba(0,0,0,.25);color:#fff;padding:.4rem .8rem;border-radius:12px;font-size:13px;text-align:center}
.msg{max-width:min(85%,480px);padding:.4rem .6rem .3rem;border-radius:12px;box-shadow:0 1px 1px rgba(0,0,0,.12);white-space:pre-wrap;overflow-wrap:anywhere}
.user{align-self:flex-end;background:#e3fcd0;border-bottom-right-radius:4px}
.bot{align-self:flex-start;background:#fff;border-bottom-left-radius:4px}
.meta{display:block;text-align:right;font-size:11px;color:#6d8b6a;margin-top:.15rem}.bot .meta{color:#8a9299}
.msg pre{background:#f1f3f5;padding:.4rem;border-radius:6px;overflow-x:auto;margin:.25rem 0;white-space:pre}
.msg code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;background:#f1f3f5;border-radius:4px;padding:0 .2rem}
.msg pre code{background:none;padding:0}
.msg blockquote{margin:.25rem 0;padding:.1rem .5rem;border-left:3px solid #3390ec;background:#eef5fd;border-radius:4px}
.msg a{color:#168acd}
.spoiler{background:#8a9299;color:transparent;border-radius:3px;cursor:pointer}.spoiler.shown{background:none;color:inherit}
.keyboard{display:flex;flex-direction:column;gap:4px;max-width:min(85%,480px);align-self:flex-start;width:100%}
.keyboard .row{display:flex;gap:4px}
.keyboard button,.keyboard a{flex:1;min-width:0;font:inherit;font-size:14px;padding:.45rem .4rem;border:0;border-radius:8px;background:rgba(0,0,0,.28);color:#fff;cursor:pointer;text-align:center;text-decoration:none}
.keyboard button:hover,.keyboard a:hover{background:rgba(0,0,0,.38)}
.keyboard button:disabled{opacity:.6;cursor:wait}
.hint{margin:0;padding:.45rem .9rem;background:#e8f3ff;color:#0b5cad;font-size:13px;border-top:1px solid #c7ddf5}
form{display:flex;gap:.4rem;padding:.5rem;background:#fff;border-top:1px solid #d5dde3}
#text{flex:1;min-width:0;font:inherit;padding:.55rem .7rem;border:1px solid #c4ccd3;border-radius:20px}
#text:focus{outline:2px solid #3390ec;border-color:transparent}
form button{font:inherit;border:0;border-radius:20px;padding:.5rem .95rem;background:#3390ec;color:#fff;cursor:pointer}
form button.ghost{background:#eef1f4;color:#333;padding:.5rem .7rem}
.toast{position:fixed;left:50%;bottom:5.5rem;transform:translateX(-50%);background:rgba(0,0,0,.8);color:#fff;padding:.5rem .9rem;border-radius:10px;max-width:90vw;font-size:14px}
.error{color:#b00020;padding:.3rem .9rem;font-size:13px;background:#fff}
`;

const script = `
(function () {
  var config = JSON.parse(document.getElementById('config').textContent);
  var log = document.getElementById('log');
  var form = document.getElementById('composer');
  var input = document.getElementById('text');
  var hint = document.getElementById('hint');
  var nameInput = document.getElementById('name');
  var idLabel = document.getElementById('user-id');
  var errorBox = document.getElementById('error');
  var KEY = 'aiceo-telegram-stand-in-user';

  function randomId() {
    var a = new Uint32Array(1);
    crypto.getRandomValues(a);
    return 100000000 + (a[0] % 900000000);
  }
  var me;
  try { me = JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { me = null; }
  if (!me || typeof me.id !== 'number' || typeof me.first_name !== 'string') me = { id: randomId(), first_name: 'Local owner' };
  function save() { try { localStorage.setItem(KEY, JSON.stringify(me)); } catch (e) { /* private mode */ } }
  save();
  nameInput.value = me.first_name;
  idLabel.textContent = String(me.id);
  nameInput.addEventListener('change', function () {
    var name = nameInput.value.trim().slice(0, 64);
    me.first_name = name || 'Local owner';
    nameInput.value = me.first_name;
    save();
  });
  function user() { return { id: me.id, first_name: me.first_name }; }

  function showError(message) { errorBox.textContent = message || ''; errorBox.hidden = !message; }
  function toast(text, alertIt) {
    if (!text) return;
    if (alertIt) { window.alert(text); return; }
    var el = document.createElement('div');
    el.className = 'toast';
    el.setAttribute('role', 'status');
    el.textContent = text;
    document.body.appendChild(el);
    setTimeout(function () { el.remove(); }, 2500);
  }
  function control(path, body) {
    return fetch('/__stand-in/' + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) throw new Error(data && data.error ? data.error : 'The stand-in refused (' + res.status + ')');
        return data;
      });
    });
  }

  var TAGS = { b: 'b', i: 'i', u: 'u', s: 's', code: 'code', pre: 'pre', blockquote: 'blockquote' };
  function renderNodes(nodes, parent) {
    (nodes || []).forEach(function (node) {
      if (typeof node === 'string') { parent.appendChild(document.createTextNode(node)); return; }
      var el;
      if (node.tag === 'a') {
        el = document.createElement('a');
        if (typeof node.href === 'string' && /^(https?:|mailto:)/i.test(node.href)) {
          el.href = node.href;
          el.target = '_blank';
          el.rel = 'noopener noreferrer';
        }
      } else if (node.tag === 'spoiler') {
        el = document.createElement('span');
        el.className = 'spoiler';
        el.title = 'Spoiler: click to show';
        el.addEventListener('click', function () { el.classList.add('shown'); });
      } else if (TAGS[node.tag]) {
        el = document.createElement(TAGS[node.tag]);
      } else {
        el = document.createElement('span');
      }
      renderNodes(node.children, el);
      parent.appendChild(el);
    });
  }
  function time(ms) {
    var d = new Date(ms);
    return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
  }
  function keyboardFor(entry) {
    var box = document.createElement('div');
    box.className = 'keyboard';
    entry.replyMarkup.inline_keyboard.forEach(function (row) {
      var rowEl = document.createElement('div');
      rowEl.className = 'row';
      row.forEach(function (button) {
        var el;
        if (typeof button.callback_data === 'string') {
          el = document.createElement('button');
          el.type = 'button';
          el.addEventListener('click', function () {
            el.disabled = true;
            control('press', { from: user(), messageId: entry.messageId, data: button.callback_data })
              .then(function (result) {
                showError('');
                if (result.answer) toast(result.answer.text, result.answer.showAlert);
                poll();
              })
              .catch(function (error) { showError(error.message); })
              .finally(function () { el.disabled = false; });
          });
        } else {
          el = document.createElement('a');
          if (typeof button.url === 'string' && /^https?:/i.test(button.url)) {
            el.href = button.url;
            el.target = '_blank';
            el.rel = 'noopener noreferrer';
          }
        }
        el.textContent = button.text;
        rowEl.appendChild(el);
      });
      box.appendChild(rowEl);
    });
    return box;
  }

  var lastRendered = '';
  function render(entries) {
    var snapshot = JSON.stringify(entries);
    if (snapshot === lastRendered) return;
    lastRendered = snapshot;
    var nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    log.textContent = '';
    if (entries.length === 0) {
      var empty = document.createElement('div');
      empty.className = 'empty';
      empty.textContent = 'No messages yet. Say hello to ' + config.botName + '.';
      log.appendChild(empty);
    }
    entries.forEach(function (entry) {
      var bubble = document.createElement('div');
      bubble.className = 'msg ' + (entry.from === 'user' ? 'user' : 'bot');
      bubble.dataset.messageId = String(entry.messageId);
      if (entry.sticker) bubble.appendChild(document.createTextNode('👍 (sticker)'));
      else if (entry.from === 'bot' && entry.nodes) renderNodes(entry.nodes, bubble);
      else bubble.appendChild(document.createTextNode(entry.text));
      var meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = (entry.edits > 0 ? 'edited ' : '') + time(entry.date);
      bubble.appendChild(meta);
      log.appendChild(bubble);
      if (entry.replyMarkup && entry.replyMarkup.inline_keyboard) log.appendChild(keyboardFor(entry));
    });
    if (nearBottom) log.scrollTop = log.scrollHeight;
  }

  var polling = false;
  function poll() {
    if (polling) return;
    polling = true;
    fetch('/__stand-in/transcript?chatId=' + encodeURIComponent(String(me.id)), { cache: 'no-store' })
      .then(function (res) { return res.ok ? res.json() : Promise.reject(new Error('status ' + res.status)); })
      .then(function (entries) { render(entries); })
      .catch(function () { /* the stand-in restarts: try again on the next tick */ })
      .finally(function () { polling = false; });
  }
  setInterval(poll, 700);
  poll();

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    var sendButton = document.getElementById('send');
    sendButton.disabled = true;
    control('send', { from: user(), text: text })
      .then(function () {
        input.value = '';
        hint.hidden = true;
        showError('');
        log.scrollTop = log.scrollHeight;
        poll();
      })
      .catch(function (error) { showError(error.message); })
      .finally(function () { sendButton.disabled = false; input.focus(); });
  });
  document.getElementById('sticker').addEventListener('click', function () {
    control('sticker', { from: user() }).then(function () { poll(); }).catch(function (error) { showError(error.message); });
  });
  input.focus();
})();
`;

export const chatPage = ({ botName, botUsername, start }: ChatPageOptions): string => {
  const prefill = start ? `/start ${start}` : '';
  const initial = escapeHtml(botName.replace(/[^\p{L}\p{N}]/gu, '').slice(0, 1) || 'B');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(botName)}: Telegram (local stand-in)</title>
<style>${styles}</style></head>
<body><div class="app">
<header><div class="avatar" aria-hidden="true">${initial}</div>
<div class="title"><strong>${escapeHtml(botName)}</strong><span>@${escapeHtml(botUsername)} · bot</span></div></header>
<p class="banner" role="note" style="margin:0"><strong>Local stand-in.</strong> This page plays the Telegram app on this computer; nothing reaches Telegram.</p>
<div class="me"><label for="name">You:</label><input id="name" maxlength="64" autocomplete="off"><span>user id <code id="user-id"></code></span></div>
<main id="log" aria-live="polite" aria-label="Conversation"></main>
<p class="error" id="error" role="alert" hidden></p>
<p class="hint" id="hint"${prefill ? '' : ' hidden'}>Press Send to link this chat.</p>
<form id="composer" autocomplete="off">
<button type="button" class="ghost" id="sticker" title="Send a sticker" aria-label="Send a sticker">🙂</button>
<input id="text" name="text" maxlength="4096" placeholder="Message" aria-label="Message" value="${escapeHtml(prefill)}">
<button type="submit" id="send">Send</button>
</form></div>
<script type="application/json" id="config">${scriptJson({ botName, botUsername })}</script>
<script>${script}</script>
</body></html>`;
};
