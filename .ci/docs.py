"""Render the docs site into _docs/: Quarto when `quarto` is on PATH, otherwise offline with smalldocs.

Both paths start with nbdev's own notebook processing (sidebar, module index, `_proc/`); nbdev's
`nbdev_docs` is avoided because without Quarto it tries to download and install it.
"""
import ast, shutil, subprocess, sys
from pathlib import Path

def _exported_and_show_doc_only():
    """nbdev executes, for show_doc, exported cells and also *any* cell holding an import; in eegfm such cells are
    lessons and tests (some simulate data or train), whose stored outputs are the docs. Execute only what show_doc needs:
    exported cells, and cells made only of imports and show_doc calls (the ones nbdev inserts)."""
    import nbdev.processors as P
    orig = P._do_eval
    def _do_eval(cell):
        if cell.cell_type == "code" and cell.source and not (cell.directives_.keys() & {"export", "exports", "exporti", "exec_doc"}):
            trees = cell.parsed_()
            simple = lambda n: isinstance(n, (ast.Import, ast.ImportFrom)) or (isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)
                                                                          and getattr(n.value.func, "id", "") == "show_doc")
            if trees and not all(simple(n) for n in trees): return None  # a lesson or test cell: keep its stored outputs
        return orig(cell)
    P._do_eval = _do_eval

def main():
    from nbdev.config import get_config
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev.doclinks import _build_modidx
    from nbdev.serve import proc_nbs
    cfg = get_config(); _exported_and_show_doc_only()
    refresh_quarto_yml(); _build_modidx(); nbdev_sidebar.__wrapped__(path=cfg.nbs_path)
    cache = Path(proc_nbs(cfg.nbs_path, n_workers=0))  # in-process: the patched _do_eval holds
    out = cfg.config_path/cfg.doc_path.name
    if shutil.which("quarto"):
        subprocess.run(["quarto", "render", "--no-cache"], cwd=cache, check=True)
        built = cache/cfg.doc_path.name
    else:
        print("eegfm docs: quarto not found, rendering offline with smalldocs")
        subprocess.run([str(Path(sys.executable).parent/"smalldocs"), "render", str(cache), "--quiet"], check=True)
        built = cache/cfg.doc_path.name
    if not (built/"index.html").exists():
        sys.exit(f"eegfm docs: rendering produced no {built/'index.html'}; see the messages above.")
    shutil.rmtree(out, ignore_errors=True); shutil.move(str(built), str(out))
    print(f"eegfm docs: site written to {out} ({sum(1 for _ in out.rglob('*.html'))} pages)")

if __name__ == "__main__":  # proc_nbs uses a process pool
    main()
