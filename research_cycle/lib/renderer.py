"""Charts drawn to PNG by a helper process, for documents with many charts (the proceedings).

The chart renderer (vl-convert) holds Python's lock while it draws, about 0.15 s a chart, so
drawing in a thread does not let anything else run. A :class:`Renderer` starts one helper
process (``python -m research_cycle.lib.renderer``) and hands it Vega-Lite specs as JSON; each
``submit`` returns a future of the PNG bytes, so the caller goes on building the document on
the other core. A plain child process rather than ``multiprocessing``: that would import the
parent's main script again in the child (the app server, a test runner, any script).

Messages are length-prefixed: the parent writes 4-byte big-endian length + JSON
``{"spec", "width", "subtitles", "scale"}``; the helper answers with 1 status byte (0 ok, 1
failed), a 4-byte length and the PNG bytes (or the error's text), in order.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[2]


class Renderer:
    """One helper process drawing charts in the order they were submitted. Use as a context
    manager; ``submit`` is safe from several threads."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen([sys.executable, "-m", "research_cycle.lib.renderer"], cwd=PACKAGE_ROOT,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._lock = threading.Lock()
        self._waiting: queue.Queue[Future] = queue.Queue()
        self._reader = threading.Thread(target=self._read, name="chart-renderer", daemon=True)
        self._reader.start()

    def submit(self, spec: dict, *, scale: float = 2.0, width: int | None = 420, subtitles: bool = False) -> Future:
        message = json.dumps({"spec": spec, "scale": scale, "width": width, "subtitles": subtitles},
                             default=str).encode("utf-8")
        future: Future = Future()
        with self._lock:
            self._waiting.put(future)
            try:
                self._proc.stdin.write(len(message).to_bytes(4, "big") + message)
                self._proc.stdin.flush()
            except OSError as exc:  # the helper has gone: say so on this chart
                future.set_exception(RuntimeError(f"The chart renderer stopped: {exc}"))
        return future

    def _read(self) -> None:
        out = self._proc.stdout
        while True:
            head = out.read(5)
            if len(head) < 5:
                break
            body = out.read(int.from_bytes(head[1:], "big"))
            future = self._waiting.get()
            if head[0] == 0:
                future.set_result(body)
            else:
                future.set_exception(RuntimeError(body.decode("utf-8", "replace")))
        while not self._waiting.empty():  # the helper ended early: nothing more will come
            future = self._waiting.get()
            if not future.done():
                future.set_exception(RuntimeError("The chart renderer stopped before drawing this chart."))

    def close(self) -> None:
        if self._proc.stdin and not self._proc.stdin.closed:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
        self._reader.join(timeout=5)

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _serve() -> None:
    """The helper's loop: read specs from stdin, write PNGs to stdout, until stdin closes."""
    from .documents import vega_lite_png

    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        head = source.read(4)
        if len(head) < 4:
            return
        request = json.loads(source.read(int.from_bytes(head, "big")))
        try:
            answer, status = vega_lite_png(request["spec"], scale=request["scale"], width=request["width"],
                                           subtitles=request["subtitles"]), 0
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it for that chart
            answer, status = str(exc).encode("utf-8"), 1
        sink.write(bytes([status]) + len(answer).to_bytes(4, "big") + answer)
        sink.flush()


if __name__ == "__main__":
    _serve()
