package seed

import (
	"embed"
	"path"
	"strings"
)

// documentFiles holds the cleaned copies of the source documents (see
// documents/README.md for how they were made from documents/original/).
//
//go:embed documents/*.txt
var documentFiles embed.FS

// Document returns the cleaned, Simplified-Chinese full text of the source
// document with the given file name (a Source.FileName such as
// "002_6394c1f542f7cbb0.txt"). It reports false for any name that is not one
// of the embedded documents, including names with a directory part.
func Document(fileName string) (string, bool) {
	if fileName == "" || path.Base(fileName) != fileName || !strings.HasSuffix(fileName, ".txt") {
		return "", false
	}
	b, err := documentFiles.ReadFile("documents/" + fileName)
	if err != nil {
		return "", false
	}
	return string(b), true
}
