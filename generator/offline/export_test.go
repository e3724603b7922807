package offline

// Internals the external tests (package offline_test, which may import
// build) use.

// NewSizer returns an empty sizer.
func NewSizer() *sizer { return &sizer{cache: map[string]Entry{}} }

var (
	NewPlan = newPlan
	Derived = derived
)

type FileList = fileList
