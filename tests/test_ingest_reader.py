"""The reader: any bytes in, clean bounded lines out."""

import codecs
import io

from yolodoctor.ingest.reader import MAX_LINE_CHARS, read_stream, read_text


def lines_of(doc):
    return [line for _, line in doc.lines()]


def test_windows_and_progress_bar_line_endings_become_lines():
    doc = read_text("one\r\ntwo\rthree\nfour")
    assert lines_of(doc) == ["one", "two", "three", "four"]
    assert [n for n, _ in doc.lines()] == [1, 2, 3, 4]


def test_crlf_split_across_blocks_is_one_line_break(monkeypatch):
    import yolodoctor.ingest.reader as reader

    monkeypatch.setattr(reader, "BLOCK_BYTES", 4)  # "abc\r" | "\ndef"
    doc = reader.read_stream(io.BytesIO(b"abc\r\ndef\r\nghi"))
    assert lines_of(doc) == ["abc", "def", "ghi"]


def test_ansi_colour_codes_and_control_characters_are_removed():
    doc = read_text("\x1b[1m\x1b[31mERROR\x1b[0m: bad\x00 thing\x07\n\x1b]0;title\x07plain")
    assert lines_of(doc) == ["ERROR: bad thing", "plain"]
    assert "ANSI colour codes were removed" in doc.notes


def test_utf8_shown_as_cp1252_is_repaired_exactly():
    original = "Ultralytics 8.3.40 🚀 Python-3.10.12 ✅"
    mojibake = original.encode("utf-8").decode("cp1252")
    assert lines_of(read_text(mojibake)) == [original]


def test_text_that_only_looks_like_mojibake_is_left_alone():
    # "Â" followed by a non-continuation character is real Latin text, not a misreading
    assert lines_of(read_text("Âme française, Ωmega")) == ["Âme française, Ωmega"]


def test_utf16_with_bom_from_powershell_redirect():
    data = codecs.BOM_UTF16_LE + "PyTorch version: 2.1.0\r\nIs CUDA available: True\r\n".encode("utf-16-le")
    doc = read_stream(io.BytesIO(data))
    assert lines_of(doc) == ["PyTorch version: 2.1.0", "Is CUDA available: True"]
    assert any("UTF-16" in note for note in doc.notes)


def test_utf16_without_bom_is_recognised():
    doc = read_stream(io.BytesIO("NVIDIA-SMI 535.104.05 Driver Version: 535.104.05\n".encode("utf-16-le")))
    assert lines_of(doc) == ["NVIDIA-SMI 535.104.05 Driver Version: 535.104.05"]


def test_invalid_utf8_bytes_become_replacement_characters():
    doc = read_stream(io.BytesIO(b"torch \xff\xfe\x80 2.1\nok"))
    assert lines_of(doc) == ["torch \ufffd\ufffd\ufffd 2.1", "ok"]


def test_a_line_without_end_is_cut_into_bounded_pieces():
    doc = read_stream(io.BytesIO(b"x" * (MAX_LINE_CHARS * 3 + 5)))
    lines = lines_of(doc)
    assert all(len(line) <= MAX_LINE_CHARS for line in lines)
    assert sum(len(line) for line in lines) == MAX_LINE_CHARS * 3 + 5


def test_middle_of_a_long_input_is_handed_to_the_scanner_with_true_line_numbers(monkeypatch):
    import yolodoctor.ingest.reader as reader

    monkeypatch.setattr(reader, "BLOCK_BYTES", 500)
    text = "".join(f"line {n}\n" for n in range(1, 20001))
    seen = []
    doc = reader.read_text(text, on_skipped=lambda first, block: seen.append((first, block)), head_chars=1000,
                    tail_chars=1000)
    regions = doc.regions
    assert regions[0].first_line == 1 and regions[0].lines[0] == "line 1"
    assert regions[-1].lines[-1] == "line 20000"
    assert regions[-1].first_line + len(regions[-1].lines) - 1 == 20000
    # every skipped block starts where its text says
    for first, block in seen:
        assert block.split("\n", 1)[0] == f"line {first}"
    first_skipped, last_skipped, _chars = doc.skipped
    kept = len(regions[0].lines) + len(regions[-1].lines)
    assert last_skipped - first_skipped + 1 + kept == 20000
    assert doc.total_lines == 20000


def test_empty_input():
    doc = read_text("")
    assert lines_of(doc) == [] and doc.total_lines == 0


def test_an_endless_stream_is_read_up_to_the_cap(monkeypatch):
    import yolodoctor.ingest.reader as reader

    class Endless(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"y\n" * (len(buffer) // 2) + b"y" * (len(buffer) % 2)
            return len(buffer)

    monkeypatch.setattr(reader, "MAX_INPUT_BYTES", 3 << 20)
    doc = reader.read_stream(io.BufferedReader(Endless()))
    assert 3 << 20 <= doc.bytes_read < 5 << 20
    assert any("rest was not read" in note for note in doc.notes)
