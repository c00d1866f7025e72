package tokenstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
)

// Token files are bearer credentials, so the store treats their
// neighbourhood the way ssh treats ~/.ssh:
//
//   - a symbolic link at the token path or the lock path is never followed
//     or replaced: someone may have planted it to feed wearnb a token of
//     theirs, or to make Save write somewhere else;
//   - a token file that other users may read or write (any of mode 0077) is
//     refused, with the chmod that fixes it: its tokens may be known to
//     others already, which only the person can judge;
//   - a tokens folder every user may write to (o+w, sticky or not) is
//     refused, with the chmod that fixes it: anyone could replace the files.
//
// Save always writes mode 0600 and creates the folder with mode 0700, so
// only files made or changed by hand trip these checks. Windows has neither
// these mode bits nor O_NOFOLLOW; there only the symbolic-link checks apply.

// errSymlink is the reason a path is refused.
var errSymlink = errors.New("it is a symbolic link, which wearnb does not follow or replace for token files (someone may have planted it)")

// checkMode refuses a token file that others may read or change.
func checkMode(path string, fi fs.FileInfo) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("other users may read or change it (mode %04o), so wearnb does not use it, as ssh refuses such a key; "+
			"if only you ever had it, run chmod 600 %s", uint32(perm), shellQuote(path))
	}
	return nil
}

// checkDir refuses a folder every user may write to.
func checkDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil // a missing folder is created by Save; other errors show up on use
	}
	if perm := fi.Mode().Perm(); perm&0o002 != 0 {
		return fmt.Errorf("wearnb: token folder %s may be written by every user (mode %04o), so anyone could replace the token files in it; "+
			"run chmod 700 %s", dir, uint32(perm), shellQuote(dir))
	}
	return nil
}

// openNoFollow opens path for reading unless it is a symbolic link.
func openNoFollow(path string) (*os.File, error) {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return nil, errSymlink
	}
	fh, err := os.OpenFile(path, os.O_RDONLY|oNoFollow, 0)
	if isLoop(err) {
		return nil, errSymlink // swapped in after the Lstat
	}
	return fh, err
}

// refuseSymlink returns an error if path is a symbolic link.
func refuseSymlink(path, what string) error {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("wearnb: %s %s is a symbolic link, which wearnb does not follow or replace (someone may have planted it); remove it", what, path)
	}
	return nil
}

func shellQuote(s string) string {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("/._-+", c)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
