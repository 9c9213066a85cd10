/** Report figures and tables: trigger sample grids, PCA/t-SNE embeddings, markdown tables. */
package dev.mesa.report;
