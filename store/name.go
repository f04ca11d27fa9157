package store

// ValidName reports whether name is an object name as [Backend] defines
// it. Every backend checks the names it is given with it, so the folder
// and S3 accept and refuse the same ones.
func ValidName(name string) bool { return validName(name) }
