"""Every notebook under nbs/ runs top to bottom exactly as `nbdev_test` runs it (committed parameters)."""
import os, re
from pathlib import Path
import pytest
from nbdev.config import get_config
from nbdev.test import test_nb as run_notebook  # renamed so pytest does not collect it

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted(p for p in (ROOT/"nbs").glob("*.ipynb") if not p.name.startswith("_"))

@pytest.mark.parametrize("nb", NBS, ids=[p.stem for p in NBS])
def test_notebook(nb, request):
    "Run one notebook with nbdev's runner; its asserting cells are the tests."
    skip = get_config().tst_flags.split()
    force = request.config.getoption("--flags").split()
    os.environ["IN_TEST"] = "1"
    ok, secs = run_notebook(nb.absolute(), skip_flags=skip, force_flags=force, showerr=True, basepath=ROOT)
    print(f"{nb.name}: {secs:.0f} s")
    assert ok, f"{nb.name} failed (traceback above)"
