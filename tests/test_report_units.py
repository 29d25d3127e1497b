from yolodoctor.report.units import human_size


def test_human_size_units():
    assert human_size(None) is None
    assert human_size(512) == "512 B"
    assert human_size(65536 * 1024) == "64.0 MiB"  # Docker's default /dev/shm
    assert human_size(24 * 2**30) == "24.0 GiB"
    assert human_size(3 * 2**40) == "3.0 TiB"
    assert human_size(5000 * 2**40) == "5000.0 TiB"
