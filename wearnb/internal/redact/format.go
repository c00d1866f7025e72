package redact

import (
	"fmt"
	"io"
)

// Format writes safe, a secret-free description of a value, for any fmt
// verb: %q quotes it, and every other verb (%v, %+v, %#v, %s, %x, %d, ...)
// prints it as it is, so that the redaction mark stays readable. A type that holds a secret, directly
// or nested, implements [fmt.Formatter] with it, so that no verb (%#v and
// wrong verbs included) walks its fields.
func Format(f fmt.State, verb rune, safe string) {
	switch verb {
	case 'q':
		fmt.Fprintf(f, fmt.FormatString(f, verb), safe)
	default:
		io.WriteString(f, safe)
	}
}
