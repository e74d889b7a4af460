"""The helper process that draws charts for the proceedings (lib/renderer)."""

from __future__ import annotations

import threading

import pytest

from research_cycle.lib.documents import vega_lite_png
from research_cycle.lib.renderer import Renderer


def _bar(n: int) -> dict:
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "mark": "bar",
            "data": {"values": [{"group": f"G{i}", "pupils": i + n} for i in range(4)]},
            "encoding": {"x": {"field": "group", "type": "nominal"}, "y": {"field": "pupils", "type": "quantitative"}}}


def test_charts_come_back_as_the_same_pictures_in_the_order_asked():
    with Renderer() as renderer:
        futures = [renderer.submit(_bar(n)) for n in range(5)]
        drawn = [f.result(timeout=60) for f in futures]
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in drawn)
    assert drawn == [vega_lite_png(_bar(n)) for n in range(5)]  # each answer is its own chart's
    assert len(set(drawn)) == 5


def test_a_chart_that_cannot_be_drawn_fails_alone():
    with Renderer() as renderer:
        bad = renderer.submit({"mark": "no-such-mark", "data": {"values": []}})
        good = renderer.submit(_bar(1))
        with pytest.raises(RuntimeError):
            bad.result(timeout=60)
        assert good.result(timeout=60).startswith(b"\x89PNG")


def test_several_threads_may_submit_at_once():
    results, errors = {}, []
    with Renderer() as renderer:
        def ask(n):
            try:
                results[n] = renderer.submit(_bar(n)).result(timeout=60)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=ask, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors
    assert {n: png for n, png in results.items()} == {n: vega_lite_png(_bar(n)) for n in range(6)}
