/** The names every layer passes around: a table as database and name ({@code TableId}). */
package io.rethinkmigrate.model;
