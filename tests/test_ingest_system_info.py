"""uname, os-release, lsb_release, df, free."""

from yolodoctor.ingest import ingest_text


def test_uname_lsb_df_free():
    text = ("$ uname -a\nLinux gpu01 5.15.0-105-generic #115-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024 x86_64 "
            "x86_64 x86_64 GNU/Linux\nDescription:    Ubuntu 22.04.4 LTS\n"
            "shm              64M     0   64M   0% /dev/shm\n"
            "Mem:           31Gi       2.1Gi        27Gi       1.0Mi       1.8Gi        28Gi\n")
    f = ingest_text(text).facts
    assert (f.host.os, f.host.kernel, f.host.arch, f.host.distro) == ("Linux", "5.15.0-105-generic", "x86_64",
                                                                      "Ubuntu 22.04.4 LTS")
    assert f.host.shm_total_bytes == 64 << 20
    assert f.host.memory_total_bytes == 31 << 30


def test_wsl_kernel_marks_the_container():
    f = ingest_text("uname -r 5.15.153.1-microsoft-standard-WSL2\n").facts
    assert f.host.container == "wsl2" and f.host.kernel == "5.15.153.1-microsoft-standard-WSL2"


def test_os_release():
    assert ingest_text('PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"\n').facts.host.distro == "Rocky Linux 9.3 (Blue Onyx)"
