// Package geo holds pure geometry and spatial statistics on orb types for
// gridmap: validation of polygons and of partitions of a town into cells,
// the union of cells that share vertices, the planar topology of the cells
// for editing boundaries (shared edges stored once, see Topology), the
// snapping of polygons digitised one by one into such a partition (Snap)
// and the check of what still keeps them from tiling one town
// (CheckCoverage), areas,
// the point index, and the hotspot statistics over cells (contiguity
// weights, Getis-Ord Gi*, local Moran's I, empirical-Bayes rates,
// Mann-Kendall trends and emerging hot spots). It does no I/O and imports
// only orb and the standard library.
//
// Coordinates are longitude/latitude in degrees (EPSG:4490 or EPSG:4326,
// which agree to well under a metre here). Topological tests (orientation,
// crossing, shared edges) are planar in those coordinates, which is exact for
// the straight edges that GeoJSON stores; areas are ellipsoidal (see Area).
//
// The partition functions rely on one property that gridmap enforces for its
// cells: neighbouring cells share identical vertices along a shared boundary,
// so a shared edge appears in both cells with exactly the same endpoints, in
// opposite directions. Snap establishes it for files that lack it.
package geo
