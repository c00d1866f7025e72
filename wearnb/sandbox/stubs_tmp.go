package sandbox

const jawboneUserXID = "SBX4NjawbonePerson00000000000000"

func (s *Server) googleRoute(method, path string) (dataRoute, bool)  { return dataRoute{}, false }
func (s *Server) jawboneRoute(method, path string) (dataRoute, bool) { return dataRoute{}, false }
