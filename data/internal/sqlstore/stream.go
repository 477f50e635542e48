package sqlstore

import (
	"cmp"

	"gridmap/data"
	"gridmap/domain"
)

// streamChunk is how many households or incidents of a data set's Stream
// Load holds at a time: enough that each bulk statement (a COPY on
// PostGIS) carries many rows, few enough that memory stays flat.
const streamChunk = 20000

// loadStream writes d.Stream through the bulk path, a chunk at a time:
// households before their residents, incidents before their mediators
// and timelines, so that every foreign key names a row written before.
// Each row is checked (domain.StreamCheck) before its chunk is written;
// the first error, the check's or a write's, ends the stream.
func (s *Store) loadStream(b *batch, d *data.Dataset) {
	check := domain.NewStreamCheck(d)
	var homes []data.Household
	var people []data.Resident
	flushHomes := func() {
		s.bulk(b, s.householdTable(homes))
		s.bulk(b, s.residentTable(people))
		homes, people = homes[:0], people[:0]
	}
	if d.Stream.Homes != nil {
		for h, rs := range d.Stream.Homes {
			if b.err = cmp.Or(b.err, check.Home(h, rs)); b.err != nil {
				return
			}
			homes, people = append(homes, h), append(people, rs...)
			if len(homes) == streamChunk {
				flushHomes()
			}
		}
		flushHomes()
	}
	var incidents []data.Incident
	flushIncidents := func() {
		for _, t := range s.loadedTables(incidents) {
			s.bulk(b, t)
		}
		incidents = incidents[:0]
	}
	if d.Stream.Incidents != nil {
		for in := range d.Stream.Incidents {
			if b.err = cmp.Or(b.err, check.Incident(in)); b.err != nil {
				return
			}
			incidents = append(incidents, domain.LoadedIncident(in))
			if len(incidents) == streamChunk {
				flushIncidents()
			}
		}
		flushIncidents()
	}
}
