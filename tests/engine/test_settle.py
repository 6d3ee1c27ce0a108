"""settle(): what is alive when an engine has been built stays out of the cyclic garbage collector's walks."""

import gc

from moderation.engine import Engine, settle


def test_settle_freezes_what_is_alive_and_collects_the_rest_first():
    engine = Engine.default()
    cycle: list = []
    cycle.append(cycle)  # garbage in a cycle: collected, not frozen
    del cycle
    before = gc.get_freeze_count()
    settle()
    assert gc.get_freeze_count() > before
    assert gc.get_count()[0] < 10  # the collection ran (the youngest generation is empty again)
    assert engine.scan("加我微信 abc12345").verdict == "hold"  # nothing the engine needs went away
