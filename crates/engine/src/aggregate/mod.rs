//! Dossier aggregation: the Biểu 06 table.
