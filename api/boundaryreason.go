package api

import "gridmap/data"

// reasonInitialImport is the reason_code of boundary version 1, the data
// set as loaded: the stores keep its reason as data.InitialBoundaryReason
// (in English, in databases made before this code as well), and the API
// answers it in the caller's language with this code beside it, so that
// the app can word it in the language it shows.
const reasonInitialImport = "initial_import"

// initialImport is the reason of boundary version 1 in words.
var initialImport = bilingual{en: "Initial import", zh: "初始导入"}

// versionOut is a boundary version as the API answers it.
type versionOut struct {
	data.BoundaryVersion
	ReasonCode string `json:"reason_code,omitempty"` // reasonInitialImport, or none for a reason a person wrote
}

// localVersion words a boundary version's reason for lang when the store
// wrote it (version 1 of a load) rather than a person.
func localVersion(lang string, v data.BoundaryVersion) versionOut {
	out := versionOut{BoundaryVersion: v}
	if v.Number == 1 && v.AuthorID == 0 && v.Reason == data.InitialBoundaryReason {
		out.ReasonCode, out.Reason = reasonInitialImport, initialImport.en
		if lang == langZH {
			out.Reason = initialImport.zh
		}
	}
	return out
}

// localVersions is localVersion of each of vs.
func localVersions(lang string, vs []data.BoundaryVersion) []versionOut {
	out := make([]versionOut, len(vs))
	for i, v := range vs {
		out[i] = localVersion(lang, v)
	}
	return out
}
