// Package data holds gridmap's domain: the town, its units and cells, the
// people in them (residents, grid workers, mediators), incidents and
// accounts; the Store interface that data/sqlite and data/postgis
// implement, each method with the error codes it returns; and the one error
// type every layer uses. The rules that decide about these types (the
// workflow, deadlines, checks of what clients write) are in package
// domain, which imports this one.
package data
