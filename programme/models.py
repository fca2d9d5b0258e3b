"""Programme targets and dashboard aggregates: built by the programme dashboard issue."""
