"""Another Python importing, in the wordings of the eighteenth round's reports: Spyder's own process (the Variable
Explorer's "get_namespace_view" comms call) failing to unpickle a value whose module lives only in the console's
kernel environment. The code in the console ran; Spyder's own Python is the one without the module.

Small pastes written here in several wordings, the look-alikes that must not match, and dev reports of the corpus.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids

SPYDER = "spyder-namespace-view-module-missing"


@pytest.mark.parametrize("text", [
    # the standalone Windows installer's bundled Python
    r"""Exception in comms call get_namespace_view:
  File "C:\Program Files\Spyder\pkgs\spyder_kernels\comms\commbase.py", line 315, in _comm_message
    encoding='latin-1')
ModuleNotFoundError: No module named 'torch'""",
    # Spyder from a conda base environment, the cloudpickle line between
    r"""### Traceback
```python-traceback
Exception in comms call get_namespace_view:
  File "C:\Users\me\Anaconda3\lib\site-packages\spyder_kernels\comms\commbase.py", line 314, in _comm_message
    buffer = cloudpickle.loads(msg['buffers'][0],
ModuleNotFoundError: No module named 'torch'
```""",
    # the macOS app bundle, no source line
    """Exception in comms call get_namespace_view:
  File "/Applications/Spyder.app/Contents/Resources/lib/python3.9/spyder_kernels/comms/commbase.py", line 314, in _comm_message
ModuleNotFoundError: No module named 'torch'""",
    # another module than torch: the same reading
    """Exception in comms call get_namespace_view:
  File "/home/me/.local/lib/python3.8/site-packages/spyder_kernels/comms/commbase.py", line 314, in _comm_message
    buffer = cloudpickle.loads(msg['buffers'][0],
ModuleNotFoundError: No module named 'ultralytics'""",
])
def test_spyder_namespace_view_missing_module_is_read(text):
    assert SPYDER in signal_ids(text)
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # the same comms call failing on something else (a cloudpickle version skew), no missing module
    r"""Exception in comms call get_namespace_view:
  File "C:\Users\me\Anaconda3\lib\site-packages\spyder_kernels\comms\commbase.py", line 314, in _comm_message
    buffer = cloudpickle.loads(msg['buffers'][0],
AttributeError: Can't get attribute '_make_function' on <module 'cloudpickle.cloudpickle'>""",
    # the user's own import failing in the console: torch missing where the code runs, not Spyder's process
    """In [1]: import torch
---------------------------------------------------------------------------
ModuleNotFoundError                       Traceback (most recent call last)
----> 1 import torch
ModuleNotFoundError: No module named 'torch'""",
    # another comms call: not read
    """Exception in comms call load_data:
  File "/usr/lib/python3/dist-packages/spyder_kernels/comms/commbase.py", line 314, in _comm_message
ModuleNotFoundError: No module named 'torch'""",
    # the missing module far below, after an unrelated traceback
    """Exception in comms call get_namespace_view:
  File "/opt/spyder/spyder_kernels/comms/commbase.py", line 314, in _comm_message
ValueError: buffer is too small
line a
line b
line c
line d
line e
line f
line g
ModuleNotFoundError: No module named 'torch'""",
])
def test_other_spyder_errors_and_the_users_own_import_are_not_read(text):
    assert SPYDER not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "13002-spyder-15522-user-local-spyder-torch-console.txt",
    "13004-spyder-18914-venv-torch-rand-internal-error.txt",
    "13006-spyder-16558-local-programs-spyder-internal-problem.txt",
    "13008-spyder-21396-programdata-anaconda-comms-call.txt",
    "13009-spyder-14882-debug-pytorch-16-spyder-env.txt",
    "13005-spyder-17421-base-env-interpreter-switched-pytorch-env.txt",
])
def test_spyder_dev_reports(name):
    assert report_categories(name)[0] == "wrong_interpreter"
