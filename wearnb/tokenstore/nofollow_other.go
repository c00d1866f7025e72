//go:build !unix

package tokenstore

// oNoFollow is 0 where the system has no O_NOFOLLOW; the Lstat checks
// remain.
const oNoFollow = 0

func isLoop(error) bool { return false }
