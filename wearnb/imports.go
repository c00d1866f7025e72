package wearnb

import "errors"

// ErrNothingToImport is matched by the error of an importer (Fitbit's
// Takeout archives and data exports, Jawbone's saved responses) that found
// no file it recognises: an empty folder, the wrong folder, or files of
// another provider. An importer never returns an empty result for that;
// its message says what it looked for and what it saw.
var ErrNothingToImport = errors.New("wearnb: no recognisable files to import")
