"""Tests of the notebook harness itself: it must catch what GoNB reports as success."""
import pathlib
import tempfile
import unittest

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


if __name__ == "__main__":
    unittest.main()
