// Package labtest drives JupyterLab in headless Chromium the way a person
// does: open a notebook, run all cells on the GoNB kernel, click the consent
// link that appears, approve on the sandbox's consent page, and check what
// the page shows. It complements the nbclient harness (scripts/nbrun.py),
// which checks the same notebooks without a browser.
//
// The test needs the project's toolchain (make setup: .venv with JupyterLab,
// .tools/bin with gonb, .jupyter with the kernel spec). Without it the test
// skips, except under CI, where it fails.
package labtest
