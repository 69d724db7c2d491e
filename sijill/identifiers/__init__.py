"""Pure validators and normalisers of identifiers (national number, plates, VIN): no Django import."""
