// Package charts draws wearnb's sleep and activity charts with gonum/plot.
//
// Every chart is a function that returns a *plot.Plot, so it can be shown
// inline (nb.Show in a notebook), saved (p.Save), or customised first
// (titles, sizes, extra plotters). Nothing is drawn or saved implicitly.
//
//	SleepDuration      nightly total sleep time with a rolling mean
//	StageComposition   monthly mean minutes of deep, light, REM and awake in bed
//	Hypnogram          one night's stages over clock time
//	Actogram           sleep timing raster: one row per date, bars where asleep
//	WeekdayComparison  box plots of total sleep time by weekday
//	StepsHeatmap       steps by date and hour of day
//	StepsVsSleep       a day's steps against that night's sleep, with a fit
//
// Charts of long series are downsampled for drawing (bucket means) so that
// years of data render quickly; the statistics are computed on all points.
// Every constructor returns ErrNoData for input without anything to draw.
//
// The examples that draw are also the golden tests: each saves its chart
// to testdata, and TestGolden compares it with the committed
// *_golden.png, as gonum/plot tests its plotters (go test -regen after an
// intended change).
package charts
