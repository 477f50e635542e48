// Package roster reads the sheets a town office keeps, residents and
// households, staff, and the ledger of past incidents (台账), from .xlsx
// or CSV, and turns each into checked records plus per-row, per-column
// errors; it writes the templates offices fill, the error sheets they
// get back, and exports in the templates' columns (SheetWriter). It writes nothing to a store: the import service upserts its
// records (residents by identity number, households by 户号, incidents by
// 编号).
//
// Sheets are read as a stream (excelize's Rows for .xlsx), so a large
// sheet costs the records it yields, not the workbook's cells. Headers are
// matched by the Chinese names offices use, their aliases and English
// field names; -map overrides them (ParseMap). Every error is a
// *data.Error whose Field is the column's header as in the file, with a
// zh-CN catalogue entry in api/messages.go.
package roster
