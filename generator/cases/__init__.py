"""One person's filled documents: the case model, its validation, case files and rendering."""
