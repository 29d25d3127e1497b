"""The signature scanner's reading of long texts: a piece at a time, each distinct line once."""



def test_no_needle_holds_a_line_break():
    """A long text's lines are looked through once each (a repeated progress bar is read once): that is exact
    only while no needle spans two lines."""
    from yolodoctor.ingest.errors import Scanner
    from yolodoctor.ingest.pipeline import load_signatures

    scanner = Scanner(load_signatures())
    assert scanner._needles and not [n for n in scanner._needles if "\n" in n or "\r" in n]


def test_a_long_log_of_repeated_lines_still_yields_every_needle():
    from yolodoctor.ingest.errors import LOWERED_CHUNK_CHARS, _lowered_present

    groups = (("no module named", ("No module named",)), ("killed", ("Killed",)), ("bus error", ("Bus error",)))
    bar = "  12/300   7.85G   1.234   640: 100%|##########| 500/500\n"
    repeats = LOWERED_CHUNK_CHARS // len(bar) + 10
    text = bar * repeats + "Killed\n" + bar * (2 * repeats) + "DataLoader worker is killed by signal: BUS ERROR.\n"
    assert _lowered_present(text, groups) == {"killed", "bus error"}
    assert _lowered_present(text + bar * repeats + "No module named 'x'", groups) == {"killed", "bus error",
                                                                                       "no module named"}


def test_a_long_text_without_line_breaks_is_cut_with_overlap():
    from yolodoctor.ingest.errors import LOWERED_CHUNK_CHARS, _lowered_present

    groups = (("no module named", ("No module named",)),)
    for at in (LOWERED_CHUNK_CHARS - 5, 3 * LOWERED_CHUNK_CHARS - 3, 5 * LOWERED_CHUNK_CHARS - 7):
        text = "x" * at + "No Module Named 'torch'" + "y" * (6 * LOWERED_CHUNK_CHARS)
        assert _lowered_present(text, groups) == {"no module named"}, at
    assert _lowered_present("x" * (6 * LOWERED_CHUNK_CHARS), groups) == set()
