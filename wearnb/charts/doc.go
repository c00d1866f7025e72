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
//	NightHeartRate     one night's heart rate under its hypnogram, the lowest marked
//	HeartRateTrend     weeks to years of heart-rate samples: every sample (min/max per column), daily mean and lowest
//
// Sleep health charts draw package metrics' results (health.go):
//
//	SleepTiming        onset, midsleep, offset per night, workday vs free day, circular rolling mean
//	RegularityTrend    SRI and social jetlag over rolling windows (28 days)
//	ActivityProfile    the average 24-h activity profile with the L5 and M10 windows
//	SleepHealthCard    the sleep health card as an image (Card.HTML for notebooks)
//
// Charts of long series are downsampled for drawing (bucket means) so that
// years of data render quickly; the statistics are computed on all points.
// HeartRateTrend reduces its samples to the first, lowest, highest and last
// of each of HRColumns columns (M4), which draws the same pixels as every
// sample would: a year of minutes (half a million samples) reaches the
// rasterizer as a few thousand points.
// Every constructor returns ErrNoData for input without anything to draw.
//
// The examples that draw are also the golden tests: each saves its chart
// to testdata, and TestGolden compares it with the committed
// *_golden.png, as gonum/plot tests its plotters (go test -regen after an
// intended change).
package charts
