// Home page: upload a snapshot JSON file without leaving the page. The
// form also works without JS (multipart POST, redirect); with JS the file
// is sent as raw JSON so that errors come back as JSON we can show inline.

import { h, clear } from './dom.js';

const form = document.getElementById('upload');
const input = form?.querySelector('input[type=file]');

function status() {
  let s = document.getElementById('upload-status');
  if (!s && form) {
    s = h('output', { id: 'upload-status' });
    form.append(s);
  }
  s.setAttribute('role', 'status');
  s.classList.add('upload-status');
  return s;
}

function show(kind, message, problems = []) {
  const s = status();
  clear(s);
  s.classList.toggle('error', kind === 'error');
  s.classList.toggle('ok', kind === 'ok');
  s.append(h('span', { dir: 'auto', text: message }));
  if (problems.length) s.append(h('ul', { class: 'problems' }, problems.slice(0, 20).map((p) => h('li', { dir: 'auto', text: p }))));
}

// errorOf reads the API's {"error": {"message", "problems"}} body, or falls back to the status.
async function errorOf(res) {
  try {
    const body = await res.json();
    const e = body?.error;
    if (e && typeof e === 'object') return [String(e.message || res.statusText), (e.problems || []).map(String)];
    if (typeof e === 'string') return [e, []];
    if (body?.message) return [String(body.message), []];
  } catch {
    // not JSON: a proxy error page, say
  }
  return [`Upload failed: HTTP ${res.status} ${res.statusText}`, []];
}

async function upload(e) {
  e.preventDefault();
  const file = input?.files?.[0];
  if (!file) return show('error', 'Choose a snapshot JSON file first.');
  const button = form.querySelector('button[type=submit], button:not([type])');
  if (button) button.disabled = true;
  show('', `Uploading ${file.name}…`);
  try {
    const res = await fetch(form.getAttribute('action') || '/api/snapshots', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: file,
      credentials: 'same-origin',
    });
    if (!res.ok) {
      const [message, problems] = await errorOf(res);
      return show('error', message, problems);
    }
    const body = await res.json().catch(() => ({}));
    show('ok', body.id ? `Uploaded as ${body.id}.` : 'Uploaded.');
    location.reload();
  } catch (err) {
    show('error', `Upload failed: ${err.message || err}`);
  } finally {
    if (button) button.disabled = false;
  }
}

form?.addEventListener('submit', upload);

// Zero counts fade so the non-zero ones stand out.
for (const s of document.querySelectorAll('.findings-summary > span')) {
  if (s.textContent.trim() === '0') s.classList.add('zero');
}
