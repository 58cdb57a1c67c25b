"""Repository conventions: params sets agree with the notebooks, the CLI and JupyterLab start."""
import ast, json, os, re, shutil, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest, yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WIRING = {"run_name", "run_dir", "encoder_ckpt", "notebooks"}  # pipeline plumbing, not configuration

def _defaults(nb: Path) -> dict:
    from eegfm.core import declared_parameters
    out = {}
    for k, v in declared_parameters(nb).items():
        try: out[k] = ast.literal_eval(v)  # the notebook's Python literal (YAML would read 3e-3 as a string)
        except (ValueError, SyntaxError): out[k] = v
    return out

def test_smoke_params_equal_notebook_defaults():
    "nbdev_test cannot inject parameters, so params/smoke.yaml must equal what the notebooks commit."
    smoke = yaml.safe_load((ROOT/"params"/"smoke.yaml").read_text())
    mismatch = []
    for nb in sorted((ROOT/"nbs").glob("0*.ipynb")):
        d = _defaults(nb)
        mismatch += [(nb.stem, k, d[k], v) for k, v in smoke.items() if k not in WIRING and k in d and d[k] != v]
    assert not mismatch, "notebook default != params/smoke.yaml (notebook, key, default, smoke): " + str(mismatch)

def test_params_sets_parse_and_share_keys():
    sets = {p.stem: yaml.safe_load(p.read_text()) for p in (ROOT/"params").glob("*.yaml")}
    assert {"smoke", "seed10", "demo", "full"} <= set(sets)
    declared = set().union(*(_defaults(nb) for nb in (ROOT/"nbs").glob("0*.ipynb")))
    for name, s in sets.items():
        unknown = set(s) - declared - WIRING
        assert not unknown, f"params/{name}.yaml sets keys no notebook declares: {sorted(unknown)}"

def test_cli_lists_pipeline():
    r = subprocess.run([str(BIN/"eegfm-run"), "smoke", "--list"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [p.stem for p in sorted((ROOT/"nbs").glob("0[1-9]_*.ipynb"))]
    bad = subprocess.run([str(BIN/"eegfm-run"), "nope"], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode != 0 and "choose one of" in bad.stderr

def test_constraints_pin_torch_and_nbdev():
    c = (ROOT/"constraints.txt").read_text()
    assert re.search(r"^torch==2\.13\.0$", c, re.M) and re.search(r"^nbdev==2\.4\.14$", c, re.M)
    assert "torch==2.13.0" in (ROOT/"settings.ini").read_text()

def test_jupyterlab_starts_with_project_kernel(request):
    if "slow" not in request.config.getoption("--flags").split(): pytest.skip("slow: run with `make test-slow`")
    specs = json.loads(subprocess.run([str(BIN/"jupyter"), "kernelspec", "list", "--json"], capture_output=True, text=True).stdout)
    assert "eegfm" in specs["kernelspecs"], "the eegfm kernel is not registered: run `make env`"
    with socket.socket() as s: s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
    args = [str(BIN/"jupyter"), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1", "--ServerApp.token=eegfm",
            f"--notebook-dir={ROOT}"] + (["--allow-root"] if os.geteuid() == 0 else [])
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(60):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/kernelspecs?token=eegfm", timeout=2).read()
                assert "eegfm" in json.loads(body)["kernelspecs"]; break
            except (OSError, ValueError): time.sleep(1)
        else: pytest.fail("JupyterLab did not answer within 60 s")
    finally:
        p.terminate(); p.wait(10)
