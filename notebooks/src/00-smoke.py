spec["nb"] = nb([
("markdown", """
# Smoke test: wearnb in GoNB

Checks that this notebook can import the repository's own packages through
GoNB's go.work recipe, show a link, and draw a gonum/plot chart inline.
"""),
("code", BOOT),
("code", """
import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"wearnb.dev/kernelhelpers"
	"wearnb.dev/kernelhelpers/nb"
)

%%
kernelhelpers.Link("https://github.com/janpfeifer/gonb", "GoNB, the Go kernel this notebook runs on")
pts := make(plotter.XYs, 200)
for i := range pts {
	x := float64(i) / 10
	pts[i].X, pts[i].Y = x, math.Sin(x)
}
p := plot.New()
p.Title.Text = "sin(x)"
p.Add(nb.Must(plotter.NewLine(pts)))
nb.Show(p)
""", ["image/png", "html:GoNB, the Go kernel"]),
], expect=["image/png"])
