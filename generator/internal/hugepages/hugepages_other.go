//go:build !linux

package hugepages

const supported = false

func advise(map[[2]uintptr]bool, uintptr) {}
