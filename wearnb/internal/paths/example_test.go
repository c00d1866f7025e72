package paths_test

import (
	"fmt"
	"os"
	"path/filepath"

	"wearnb.dev/wearnb/internal/paths"
)

func ExampleLayout() {
	l := paths.At("/srv/wearnb") // paths.Default() reads $WEARNB_HOME
	tokens, _ := l.Tokens()
	cache, _ := l.Cache()
	state, _ := l.SandboxState()
	fmt.Println(tokens)
	fmt.Println(cache)
	fmt.Println(state)
	// Output:
	// /srv/wearnb/tokens
	// /srv/wearnb/cache.db
	// /srv/wearnb/sandbox/state.json
}

func ExampleCheck() {
	os.Setenv(paths.GoNBTempEnv, "/tmp/gonb_123")
	defer os.Unsetenv(paths.GoNBTempEnv)
	err := paths.Check(filepath.Join("/tmp/gonb_123", "tokens"))
	fmt.Println(err)
	// Output:
	// wearnb: path /tmp/gonb_123/tokens is inside GoNB's temporary folder (GONB_TMP_DIR=/tmp/gonb_123), which GoNB deletes when the kernel stops; set WEARNB_HOME to a folder outside it
}
