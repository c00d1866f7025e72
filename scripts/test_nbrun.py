"""Tests of the notebook harness itself: it must catch what GoNB reports as success."""
import json
import pathlib
import tempfile
import unittest

import nbformat
import nbrun

HERE = pathlib.Path(__file__).resolve().parent


class BrokenNotebook(unittest.TestCase):
    def test_panic_missing_output_and_leak_are_caught(self):
        with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as home:
            problems, _, _ = nbrun.run_one(HERE / "testdata/broken.ipynb", pathlib.Path(out), 300, False, home)
        text = "\n".join(problems)
        self.assertIn("stderr has 'panic:'", text)
        self.assertIn("expected an output of type image/png", text)
        self.assertIn("shaped like a secret", text)


class ErrorBoxes(unittest.TestCase):
    """A cell that declares its error must show the box with the fix and may
    exit 1; any other box, or a declared one that is missing, fails."""

    @classmethod
    def setUpClass(cls):
        with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as home:
            cls.problems, _, _ = nbrun.run_one(HERE / "testdata/errors.ipynb", pathlib.Path(out), 300, False, home)

    def of(self, cell):
        return [p for p in self.problems if p.startswith(f"cell {cell}:")]

    def test_declared_box_with_its_fix_passes(self):
        self.assertEqual(self.of(2), [])

    def test_declared_box_that_never_shows(self):
        self.assertEqual(self.of(3), ["cell 3: expected an error box containing ['anything'], got none"])

    def test_undeclared_box_fails(self):
        text = "\n".join(self.of(4))
        self.assertIn("cell 4: error box: ⛔ boom", text)
        self.assertIn("stderr has 'exit status'", text)

    def test_box_without_the_declared_fix(self):
        text = "\n".join(self.of(5))
        self.assertIn("the error box lacks 'cannot be reached'", text)
        self.assertNotIn("exit status", text)

    def test_panic_is_never_the_expected_error(self):
        text = "\n".join(self.of(6))
        self.assertIn("stderr has 'panic:'", text)
        self.assertIn("expected an error box", text)

    def test_nothing_else(self):
        self.assertEqual(len(self.problems), len(self.of(3) + self.of(4) + self.of(5) + self.of(6)), self.problems)


class Concurrency(unittest.TestCase):
    def test_jobs_run_notebooks_at_once_and_report_in_order(self):
        paths = [HERE / "testdata/broken.ipynb", HERE / "testdata/errors.ipynb"]
        with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as home:
            results = list(nbrun.run_many(paths, pathlib.Path(out), 300, False, home, jobs=2))
        self.assertEqual(len(results), 2)
        (p0, _, _, start0, end0), (p1, _, _, start1, end1) = results
        self.assertIn("stderr has 'panic:'", "\n".join(p0))  # broken.ipynb's, in order
        self.assertIn("cell 4: error box: ⛔ boom", "\n".join(p1))  # errors.ipynb's
        self.assertLess(start1, end0, "the second notebook started after the first ended")
        self.assertLess(start0, end1)


if __name__ == "__main__":
    unittest.main()


class SecretScan(unittest.TestCase):
    """scan_secrets on notebooks built in memory: no kernel needed."""

    ACCESS = "Zk3q9TbW2xLm7Pa4Rv8Ns1Yc"
    REFRESH = "rT5u-Hq2Wd8Kf3Jm6Xb9Lp0Ve"

    def setUp(self):
        self.home = tempfile.TemporaryDirectory()
        tokens = pathlib.Path(self.home.name, "tokens")
        tokens.mkdir()
        (tokens / "oura_sandbox-default.json").write_text(json.dumps({
            "format": "wearnb-token", "version": 1,
            "access_token": self.ACCESS, "refresh_token": self.REFRESH, "saved_at": "2026-01-01T00:00:00Z",
        }))

    def tearDown(self):
        self.home.cleanup()

    def scan(self, *outputs, source="print(1)"):
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = list(outputs)
        nb.cells.append(cell)
        return "\n".join(nbrun.scan_secrets(nb, self.home.name))

    def test_clean_notebook_passes(self):
        out = nbformat.v4.new_output("stream", name="stdout", text="Connected to Oura; refresh token sha256:1a2b3c4d (25 chars)\n")
        self.assertEqual(self.scan(out), "")

    def test_whole_token_is_caught(self):
        out = nbformat.v4.new_output("stream", name="stdout", text=f"token {self.ACCESS}\n")
        self.assertIn("a secret value", self.scan(out))

    def test_quoted_prefix_is_caught(self):
        # Fitbit's answer to a dead refresh token, as step 7 of the OAuth
        # notebook showed it.
        html = nbformat.v4.new_output("display_data", data={"text/markdown": f"`Refresh token invalid: {self.REFRESH[:6]}…`"})
        report = self.scan(html)
        self.assertIn("first 6 characters of a saved token", report)
        self.assertNotIn(self.REFRESH[:6], report)  # the report names it by fingerprint

    def test_prefix_in_error_and_source_is_caught(self):
        err = nbformat.v4.new_output("error", ename="panic", evalue=f"refresh failed: {self.ACCESS[:20]}", traceback=[])
        self.assertIn("first 6 characters", self.scan(err))
        self.assertIn("first 6 characters", self.scan(source=f'tok := "{self.REFRESH[:9]}"'))

    def test_suffix_is_caught(self):
        out = nbformat.v4.new_output("stream", name="stdout", text=f"token ending in …{self.ACCESS[-6:]}\n")
        self.assertIn("last 6 characters", self.scan(out))

    def test_image_data_is_not_searched_for_parts(self):
        png = nbformat.v4.new_output("display_data", data={"image/png": "iVBOR" + self.ACCESS[:6] + "AAAA"})
        self.assertEqual(self.scan(png), "")
