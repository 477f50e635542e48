// Package sample provides the Anwen town sample data set (安稳镇, 綦江区,
// 重庆市; division code 500110119000) and the generator that draws it.
//
// The data are illustrative. The town's code, county and the facts of its
// 2021 rule-of-law report (15 villages and communities, 138 grid cells,
// the mediators of its governance centre) are real; every boundary, name,
// address, phone number, identity number, person and incident is
// fictional. The real grid boundaries are not public.
//
// # Geometry
//
// The town, its 15 units and 138 cells are committed as GeoJSON (town.geojson,
// units.geojson, cells.geojson), embedded and read at run time. The
// generator that wrote them runs in the tests, which compare its output
// with the files byte for byte (go test ./data/sample -run
// TestCommittedFiles -update rewrites them). It works in a local metric
// plane around 106.65°E, 28.55°N:
//
//  1. A hand-drawn outline of about 150 km² is covered with ground samples
//     50 m apart; each goes to the nearest unit centre, communities
//     reaching less far, so that they come out small and near the seat.
//  2. Each unit's seeds (one per cell) are spread over its samples by
//     Lloyd's algorithm, weighted towards the town seat in communities, so
//     community cells are smaller where people live closer together.
//  3. The Voronoi diagram of all seeds is computed by clipping a box with
//     bisector half-planes, with mirror images of the seeds near the
//     outline as ghosts whose cells are dropped: the town boundary is the
//     bisectors between real seeds and their mirror images.
//  4. Vertices within 0.5 m are merged and vertices lying on another cell's
//     edge inserted into it, so neighbours share identical vertices.
//  5. Every edge is made jagged by midpoint displacement, once per edge
//     and keyed on its endpoints, inside the triangles it forms with the
//     seeds on both sides, which cannot overlap; boundary edges more so.
//  6. Coordinates are rounded to 7 decimals (about 1 cm) after sharing is
//     established; units and the town are the unions of their cells
//     (geo.UnionPartition), and geo.ValidatePartition must find no problem,
//     or generation fails.
//
// The generator uses integer random streams, no trigonometry, and an
// explicit float64 conversion around every product that is summed, so that
// no architecture fuses a multiply-add and the files are the same
// everywhere.
//
// Cell codes are the unit's 12-digit code and a 3-digit sequence (001, 002,
// ...) numbered west to east in rows north to south: the unit's bounding
// box is cut into ceil(√k) rows of equal height for its k cells; a cell
// belongs to the row holding its area centroid (planar, in longitude and
// latitude) and cells within a row go by the centroid's longitude. Village
// cells are named after their cooperative (崇河村三社网格), community cells by
// number (安稳社区第2网格).
//
// # People and events
//
// Dataset draws everything else from fixed seeds each time it is called:
// about 35,000 residents in 12,000 households placed in hamlets (院坝) or
// apartment blocks inside their cells, grid workers, the mediators the
// report lists, and about 3,000 incidents from 2021-01-01 to 2026-10-31,
// each past reported with one or two mediators assigned.
// Incidents follow a base rate per resident, with patterns planted for
// hotspot analysis to find; Plants lists them (also in planted.json).
//
// # At scale
//
// Scaled draws the larger data sets of "gridmap sample": the town with as
// many incidents as asked, a district of 20 towns (3,000 cells) and a city
// of 20,000 cells with 2,000,000 residents. The district and the city are
// lattices of towns, units and cells whose inner vertices are jittered
// and shared by the four cells around them, so that they partition the
// area as the town's cells do. Their residents and every drawn incident
// come in the data set's Stream, each incident from a random stream of its
// own, so that the same options give the same rows and the store writes
// them without holding them all.
package sample
