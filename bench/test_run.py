"""Tests of bench/run.py's --only splice (run by make benchsmoke)."""
import json
import pathlib
import tempfile
import unittest

import run

OLD = """# results

Run 2026-01-01, 20 min.

## B1 backfill oura, 1 y

<!-- workload: B1-oura-1y -->
| stack | time |
| wearnb | 1 s |

## B5

B5 metrics: not wired yet.

## Ratios

```
B1-oura-1y: wearnb ÷ pandas = 0.50× (1 s vs 2 s)
```
"""

NEW = ["# results", "", "Run now.", "",
       "## B5 metrics, 5 y", "", "<!-- workload: B5-metrics -->", "| stack | time |", "| wearnb | 2 ms |", "",
       "## Ratios", "", "```", "B5-metrics: wearnb ÷ pyActigraphy = 0.10× (0.002 s vs 0.02 s)", "```", ""]


class SpliceTest(unittest.TestCase):
    def test_replaces_only_the_workloads_run(self):
        with tempfile.TemporaryDirectory() as d:
            out = pathlib.Path(d) / "results.md"
            out.write_text(OLD)
            out.with_suffix(".json").write_text(json.dumps({"workloads": {"B1-oura-1y": [1]}}))
            lines, raw = run.splice(out, NEW, {"workloads": {"B5-metrics": [2]}}, ["B5-metrics"], {})
            text = "\n".join(lines)
            self.assertIn("Run 2026-01-01, 20 min.", text)  # the full run's header stays
            self.assertIn("| wearnb | 1 s |", text)  # B1 untouched
            self.assertNotIn("not wired yet", text)  # the old B5 section replaced in place
            self.assertLess(text.index("## B5 metrics, 5 y"), text.index("## Ratios"))
            self.assertIn("Run separately on", text)
            self.assertEqual(text.count("## B5"), 1)
            ratios = text[text.index("```"):]
            self.assertIn("B1-oura-1y: wearnb", ratios)
            self.assertIn("B5-metrics: wearnb ÷ pyActigraphy = 0.10×", ratios)
            self.assertTrue(ratios.rstrip().endswith("```"))
            self.assertEqual(raw["workloads"], {"B1-oura-1y": [1], "B5-metrics": [2]})
            # A second splice replaces the section it wrote.
            out.write_text(text)
            again = "\n".join(run.splice(out, NEW, raw, ["B5-metrics"], {})[0])
            self.assertEqual(again.count("## B5"), 1)
            self.assertEqual(again.count("B5-metrics: wearnb"), 1)


if __name__ == "__main__":
    unittest.main()
