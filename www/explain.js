// "What does it do?": a "?" beside every setting opens a note under it, one or two sentences
// and the formula where there is one, in the page's language; for a setting with choices the
// note follows the choice (each optimizer's update rule, each init's distribution, ...). A
// button, so it opens from the keyboard; Escape closes it.
import { t, has, onLanguage } from './i18n.js';

const opened = new Set();

/** The setting's key: its name in the config (and the URL), or the control's id. */
const keyOf = (control) => control.name || control.id;

function noteText(control) {
  const key = keyOf(control);
  const lines = [t(`help-${key}`)];
  if (control.tagName === 'SELECT' && control.value) {
    const choice = `help-${key}-${control.value}`;
    // Settings whose choices have no sentence of their own (image_size, kernel) show the setting's.
    if (has(choice)) lines.push(t(choice));
  }
  return lines.join(' ');
}

function attach(control) {
  const label = control.closest('label');
  if (!label || label.nextElementSibling?.classList.contains('explain')) return;
  const key = keyOf(control);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'explain';
  button.textContent = '?';
  button.dataset.testid = `explain-${key}`;
  button.setAttribute('aria-expanded', 'false');
  const note = document.createElement('p');
  note.className = 'explain-note';
  note.id = `explain-note-${key}`;
  note.dataset.testid = `explain-note-${key}`;
  note.setAttribute('role', 'note');
  note.hidden = true;
  button.setAttribute('aria-controls', note.id);
  const entry = { control, button, note };
  const show = (open) => {
    note.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) {
      note.textContent = noteText(control);
      opened.add(entry);
    } else opened.delete(entry);
  };
  button.onclick = () => show(note.hidden);
  // A listener, not onkeydown: a handler property that returns false cancels the key (Enter).
  const closeOnEscape = (e) => {
    if (e.key === 'Escape') show(false);
  };
  button.addEventListener('keydown', closeOnEscape);
  note.addEventListener('keydown', closeOnEscape);
  control.addEventListener('change', () => !note.hidden && (note.textContent = noteText(control)));
  control.addEventListener('keydown', (e) => e.key === 'Escape' && !note.hidden && show(false));
  label.after(button, note);
  entry.label = () => {
    const name = labelText(label, control) || key;
    button.setAttribute('aria-label', t('help-open', { setting: name }));
    button.title = button.getAttribute('aria-label');
  };
  entry.label();
  labelled.push(entry);
}

const labelled = [];

/** What the label says, without its control's own text (a select's options). */
const labelText = (label, control) =>
  [...label.childNodes].filter((n) => n !== control && !n.contains?.(control)).map((n) => n.textContent).join(' ').replace(/\s+/g, ' ').trim();

/** A "?" for every setting of the form, the dataset choice and the CPU threads. */
export function setUpExplanations() {
  const controls = [...document.querySelectorAll('#config-form [name]'), document.getElementById('dataset-select'), document.getElementById('cpu-threads')];
  for (const control of controls) if (control) attach(control);
  onLanguage(() => {
    for (const entry of labelled) entry.label();
    for (const { control, note } of opened) note.textContent = noteText(control);
  });
}
