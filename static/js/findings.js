// Findings page: the filters work as a plain GET form; a changed select
// applies at once, and the text field after a pause.

import { debounce } from './dom.js';

const form = document.querySelector('body > main > #finding-filters');
if (form) {
  const submit = () => {
    form.classList.add('loading');
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v !== '') q.set(k, v);
    location.assign(form.action + (q.size ? '?' + q : ''));
  };
  for (const s of form.querySelectorAll('select')) s.addEventListener('change', submit);
  const text = form.querySelector('input[name=q]');
  const initial = text?.value || '';
  text?.addEventListener('input', debounce(() => text.value.trim() !== initial.trim() && submit(), 600));
}
