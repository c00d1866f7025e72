# Cells that test the harness's error-box rules (scripts/test_nbrun.py).
spec["nb"] = nb([
("code", '''// This repository's packages (GoNB's go.work recipe), from scripts/testdata.
!*"${GONB_DIR}/../nbboot.sh"
%goworkfix
%noautoget
%goflags "-ldflags=-s -w"'''),
("code", """
import (
	"errors"
	"fmt"

	"wearnb.dev/kernelhelpers/nb"
)
"""),
# 2: declared, and the box has the texts: fine.
("code", """
%%
nb.Open("nope")
""", [], ['no provider called "nope"', '"oura"']),
# 3: declared, but the cell runs fine.
("code", """
%%
fmt.Println("fine")
""", [], ["anything"]),
# 4: a box nobody declared.
("code", """
%%
nb.Check(errors.New("boom"))
"""),
# 5: declared, but the box says something else.
("code", """
%%
nb.Open("nope")
""", [], ["cannot be reached"]),
# 6: declared, but a panic is never the expected error.
("code", """
%%
panic("deliberate")
""", [], ["deliberate"]),
])
