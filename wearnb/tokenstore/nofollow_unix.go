//go:build unix

package tokenstore

import (
	"errors"
	"syscall"
)

// oNoFollow makes opening a symbolic link fail instead of following it.
const oNoFollow = syscall.O_NOFOLLOW

// isLoop reports whether err is what O_NOFOLLOW gives for a link.
func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
