package nb_test

import (
	"time"

	"wearnb.dev/kernelhelpers/nb"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/frames"
)

// Outside a notebook, Show prints what a notebook would render: the text
// of HTML and cards, Markdown as written, Gota's text table.
func ExampleShow() {
	bed := time.Date(2025, 6, 1, 23, 0, 0, 0, time.UTC)
	sleeps := wearnb.Sleeps{
		{Provider: "oura", SourceID: "n1", Date: wearnb.MustDate("2025-06-02"), Start: bed, End: bed.Add(8 * time.Hour),
			InBed: wearnb.Some(8 * time.Hour), Asleep: wearnb.Some(7 * time.Hour), Awake: wearnb.Some(time.Hour), IsMain: true},
	}
	nb.Show(nb.Markdown("## Last night"), nb.HTML("<b>7h</b> asleep"))
	nb.Show(frames.Sleeps(sleeps.Main()).Select([]string{"date", "asleep_min", "is_main"}))
	nb.Rows(1).Show(frames.Moves([]wearnb.DayMoves{
		{Date: wearnb.MustDate("2025-06-01"), Steps: wearnb.Some[int](9120)}, {Date: wearnb.MustDate("2025-06-02"), Steps: wearnb.Some[int](4010)},
	}).Select([]string{"date", "steps"}))
	// Output:
	// ## Last night
	// 7h asleep
	// [1x3] DataFrame
	//
	//     date       asleep_min is_main
	//  0: 2025-06-02 420.000000 true
	//     <string>   <float>    <bool>
	// [1x2] DataFrame
	//
	//     date       steps
	//  0: 2025-06-01 9120
	//     <string>   <int>
	// … 1 more rows
}
