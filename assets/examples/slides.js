// The example deck's own script: one iframe per slide, driven by the buttons beside it
// through Descent's postMessage API ({"source":"descent","v":1,"type":…}).
"use strict";

const ORIGIN = window.location.origin;

for (const slide of document.querySelectorAll(".slide")) {
  const frame = slide.querySelector("iframe");
  const events = slide.querySelector(".events");
  // parent_origin: the lesson accepts commands from this page and sends its events here.
  const params = `lesson=${slide.dataset.lesson}&embed=1&${slide.dataset.params}&parent_origin=${encodeURIComponent(ORIGIN)}`;
  frame.src = `../index.html#${params}`;
  slide.state = { ready: false, epoch: null, acc: null, events: 0 };

  for (const button of slide.querySelectorAll("button[data-cmd]")) {
    button.addEventListener("click", () => {
      const message = { source: "descent", v: 1, type: button.dataset.cmd };
      if (button.dataset.cmd === "set") {
        message.key = button.dataset.key;
        message.value = button.dataset.value;
      }
      frame.contentWindow.postMessage(message, ORIGIN);
    });
  }

  window.addEventListener("message", (ev) => {
    if (ev.source !== frame.contentWindow || ev.origin !== ORIGIN) return;
    const m = ev.data;
    if (!m || m.source !== "descent" || m.v !== 1) return;
    slide.state.events += 1;
    switch (m.type) {
      case "ready":
        slide.state.ready = true;
        events.textContent = "ready";
        break;
      case "progress": {
        slide.state.epoch = m.epoch;
        const acc = m.test_acc == null ? "" : ` · test accuracy ${(100 * m.test_acc).toFixed(1)}%`;
        events.textContent = `epoch ${m.epoch} · train loss ${m.train_loss.toFixed(3)} · test loss ${m.test_loss.toFixed(3)}${acc}`;
        break;
      }
      case "diverged":
        events.textContent = `diverged at epoch ${m.epoch}`;
        break;
      case "resize":
        // Grow the frame to its content (up to the slide's height) so nothing is cut off.
        frame.style.height = `${Math.min(Math.max(m.height, 360), 900)}px`;
        break;
      default:
        break;
    }
  });
}
