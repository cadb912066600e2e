"""What every widget needs from the notebook page, shown once by the set-up cell (lesson.start): a
note where a live view is gone, and keys that stay inside a widget.

JupyterLab's widget manager offers no fallback: a widget output whose model the page cannot find (the
notebook reloaded or reopened, widget state not saved) becomes the bare text "Error displaying widget:
model not found"; after a kernel restart each view keeps its DOM and gains the class
`jupyter-widgets-disconnected` (a broken-link icon) while its buttons do nothing. The style below turns
the first into a note on what to do and the second into a greyed view headed by "the notebook
restarted: run this cell again", its controls switched off.

Keys: JupyterLab's command-mode shortcuts (A/B insert a cell, …) and the notebook's own arrow-key
handling act on any focused element of a notebook that is not a text field, so ArrowDown on a quiz's
radio button left the quiz and edited the notebook. When focus first enters a widget's output, the
script marks it `data-lm-suppress-shortcuts` (Lumino then skips every shortcut for a key pressed in
it) and stops its key events there, before the notebook sees them; and it gives the radio buttons of
one choice group a shared `name` (ipywidgets leaves it empty), so the browser's own arrow keys move
between the choices, as in any radio group.

Both are page-wide and live in the saved output, so they act without a kernel. JupyterLab runs the
script only in a trusted output (one the student's own kernel wrote, or a notebook they saved), which
is also the only case where it draws widgets at all.
"""

from __future__ import annotations

from typing import Any

from helpers.text import LIVE, NAMED

VIEW = ".jp-OutputArea-output"  # a widget's view is its child; a missing model's error is its text
GONE = (
    "This part needs its cell run again: click in the cell, then press Shift+Enter"
    " (or Run ▸ Run All Cells)."
)
RESTARTED = "The notebook restarted: run this cell again (click in it, then press Shift+Enter)."
# the widget renderer gives its own node the class only when it shows an error instead of a view
GONE_SELECTOR = f"{VIEW}.jupyter-widgets:not(:has(*))"
NOTE = (
    "display: block; box-sizing: border-box; padding: 0.5em 0.8em; margin: 0.2em 0;"
    " border-left: 5px solid #E69F00; background: #fdf6e3; color: #222;"
    " font-family: var(--jp-ui-font-family); font-size: 16px; line-height: 1.4;"
)
# Read from the back of the room: no text a student reads under 16 px. Inside the notebook the theme's
# body, interface (widgets) and code sizes become 16 px (Lab's theme "overrides" setting would do it
# only as a user setting: an app-wide default is ignored), and outputs do not shrink below it (a
# table's 12 px, a <small> source or confidence line); a word too long for a narrow widget box (a
# quiz's order row at 200% zoom) breaks instead of running under the buttons beside it.
LEGIBLE = """
.jp-Notebook { --jp-content-font-size1: 16px; --jp-ui-font-size1: 16px; --jp-code-font-size: 16px; }
.jp-Notebook .jp-RenderedHTMLCommon table, .jp-Notebook .jp-RenderedHTMLCommon small,
.jp-Notebook .jp-RenderedHTMLCommon caption { font-size: max(1em, 16px); }
.jp-Notebook .jp-OutputArea-output .jupyter-widgets { --jp-widgets-font-size: 16px; font-size: 16px; }
.jp-Notebook .jp-OutputArea-output .widget-html-content, .jp-Notebook .jp-Placeholder-content,
.jp-Notebook .jp-Notebook-footer { font-size: 16px; }
.jp-Notebook .jp-OutputArea-output .widget-html-content { overflow-wrap: anywhere; }"""
STYLE = f"""<style>
{GONE_SELECTOR} {{ font-size: 0; }}
{GONE_SELECTOR}::after {{ content: "{GONE}"; {NOTE} }}
{VIEW} > .jupyter-widgets.jupyter-widgets-disconnected::before {{
  content: "{RESTARTED}"; {NOTE} height: auto; position: static; }}
{VIEW} > .jupyter-widgets-disconnected .jupyter-widgets-disconnected::before {{
  content: none; display: none; }}
{VIEW} > .jupyter-widgets-disconnected > * {{ opacity: 0.45; pointer-events: none; }}
{LEGIBLE}
</style>"""
KEYS = (
    """<script>
(() => {
  if (window.GUARD) return;  // once a page, per version of this script (a saved older one may run too)
  window.GUARD = true;
  const keep = (event) => event.stopPropagation();
  const own = (event) => {
    const view = event.target.closest && event.target.closest('VIEW > .jupyter-widgets');
    if (!view) return;
    const output = view.closest('VIEW');
    if (!output.hasAttribute('data-lm-suppress-shortcuts')) {
      output.setAttribute('data-lm-suppress-shortcuts', 'true');
      output.addEventListener('keydown', keep);
    }
    const box = event.target.closest('.widget-radio-box');
    if (box && !box.dataset.group) {
      box.dataset.group = 'choices-' + Math.random().toString(36).slice(2);
      box.querySelectorAll('input[type=radio]').forEach((r) => { r.name = box.dataset.group; });
    }
  };
  document.addEventListener('focusin', own, true);
  // names: a NAMED widget's title (its tooltip) becomes its control's aria-label; LIVE: a live region
  const named = (el) => {
    const titled = el.hasAttribute('title') ? el : el.querySelector('[title]');
    if (!titled) return;
    const text = titled.getAttribute('title');
    const group = el.querySelector('.widget-radio-box');
    const control = group || (el.matches('button, input, textarea') ? el
      : el.querySelector('input, textarea, select, button'));
    if (!control) return;
    if (group) group.setAttribute('role', 'radiogroup');
    if (control.getAttribute('aria-label') !== text) control.setAttribute('aria-label', text);
  };
  const live = (el) => {
    if (el.getAttribute('aria-live')) return;
    el.setAttribute('role', 'status');
    el.setAttribute('aria-live', 'polite');
  };
  const scan = (node) => {
    if (node.nodeType !== 1) return;
    if (node.matches('.NAMED')) named(node);
    if (node.matches('.LIVE')) live(node);
    node.querySelectorAll('.NAMED').forEach(named);
    node.querySelectorAll('.LIVE').forEach(live);
  };
  const watch = new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'attributes') {
        const el = change.target.closest && change.target.closest('.NAMED');
        if (el) named(el);
        if (change.target.matches && change.target.matches('.LIVE')) live(change.target);
      } else change.addedNodes.forEach(scan);
    }
  });
  watch.observe(document.body, {subtree: true, childList: true, attributes: true,
    attributeFilter: ['title', 'class']});
  scan(document.body);
})();
</script>""".replace("VIEW", VIEW)
    .replace("NAMED", NAMED)
    .replace("LIVE", LIVE)
)


# A skip link at the top of each lesson (and the file browser folded when a lesson opens, below): Enter takes focus to the lesson's first quiz, past the figures
# and their mode bars (shown only where the notebook holds a quiz view). Its keys are its own, as a
# widget's are: Enter on it would otherwise also put the cell in edit mode.
QUIZ = ".cq-quiz"  # the class helpers.quiz.widget gives a quiz's box
SKIP = "Skip to the quiz"
SKIP_LINK = f"""<div class="cq-skip-row" data-lm-suppress-shortcuts="true">
<a class="cq-skip" href="#">{SKIP} ↓</a></div>
<style>
.jp-Notebook:not(:has({QUIZ})) .cq-skip-row {{ display: none; }}
.cq-skip-row a.cq-skip {{ font-size: 16px; }}
</style>"""
SKIP_SCRIPT = """<script>
(() => {
  if (window.GUARD) return;
  window.GUARD = true;
  const FOCUSABLE = 'input:not([type=hidden]), button, textarea, select, a[href]';
  const jump = (event) => {
    const link = event.target.closest && event.target.closest('.cq-skip');
    if (!link) return;
    if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    event.stopPropagation();
    const notebook = link.closest('.jp-Notebook') || document;
    const quiz = notebook.querySelector('QUIZ');
    const first = quiz && quiz.querySelector(FOCUSABLE);
    if (!first) return;
    first.scrollIntoView({block: 'center'});
    first.focus();
  };
  document.addEventListener('keydown', jump, true);
  document.addEventListener('click', jump, true);
  // A lesson opens with the page to itself: the file browser, open in a fresh Lab (and restored by
  // it a moment later), is folded once, as a press on its tab does; on a phone or at 200% zoom it
  // otherwise leaves the notebook one word a line. The student can open it again; nothing refolds it.
  const fold = () => {
    const tab = document.querySelector(
      '.jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current[data-id="filebrowser"]');
    const stack = document.getElementById('jp-left-stack');
    if (!tab || !stack || stack.classList.contains('lm-mod-hidden')) return;
    const r = tab.getBoundingClientRect();  // Lumino's tab bar acts on a pointer pressed on a tab
    const at = {bubbles: true, cancelable: true, button: 0,
      clientX: r.left + r.width / 2, clientY: r.top + r.height / 2};
    tab.dispatchEvent(new PointerEvent('pointerdown', at));
    tab.dispatchEvent(new PointerEvent('pointerup', at));
  };
  [0, 400, 1500].forEach((ms) => setTimeout(fold, ms));
})();
</script>""".replace("QUIZ", QUIZ)


def guarded(script: str, name: str) -> str:
    """The script run once a page for each version of it: its guard is named by a hash of its text."""
    import hashlib

    return script.replace("GUARD", f"{name}_{hashlib.sha1(script.encode()).hexdigest()[:10]}")


def page_glue() -> Any:
    """The style, the scripts and the skip link above as one HTML output (the set-up cell displays it
    once)."""
    from IPython.display import HTML

    return HTML(
        STYLE + guarded(KEYS, "caucasusKeys") + guarded(SKIP_SCRIPT, "caucasusSkip") + SKIP_LINK
    )
