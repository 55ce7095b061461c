// The presenter view, for a projector: the settings hidden, the curves, the confusion matrix,
// the comparison and the status line large, drawn again at a size that reads from the back of
// a room (Rust draws the charts; this module says how large).
import { $ } from './dom.js';
import { setL10n } from './i18n.js';

/** Canvas size in the presenter view (in the page: index.html's), and the charts' scale there. */
const LARGE = { curves: [1800, 620], confusion: [900, 800], overlay: [1800, 600] };
const PRESENTER_SCALE = 1.9;

let on = false;
let redraw = () => {};

export const presenting = () => on;

/**
 * Gives `canvas` its size for the current view (a canvas keeps its pixels while the size is
 * unchanged) and returns the scale its chart is drawn at.
 */
export function chartScale(canvas) {
  const large = LARGE[canvas.id];
  if (large) {
    canvas.dataset.pageSize ??= `${canvas.width}x${canvas.height}`; // before any change
    const [width, height] = on ? large : canvas.dataset.pageSize.split('x').map(Number);
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
  }
  return on ? PRESENTER_SCALE : 1;
}

function setPresenter(value) {
  on = Boolean(value);
  document.body.classList.toggle('presenter', on);
  const toggle = $('presenter');
  toggle.setAttribute('aria-pressed', String(on));
  setL10n(toggle, on ? 'leave-presenter-view' : 'presenter-view');
  redraw();
}

/** `redrawAll()` draws every chart again at the new size. */
export function setUpPresenter(redrawAll) {
  redraw = redrawAll;
  $('presenter').onclick = (e) => {
    setPresenter(!on);
    e.currentTarget.blur(); // Space is the keyboard's Train/Stop here, not this button's
  };
}
