// The parts of the workbook package other than its sheets (ECMA-376 part 2, Open Packaging
// Conventions): what each part is, how they relate, the workbook's list of sheets and its properties.

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function worksheetPath(index: number): string {
  return `xl/worksheets/sheet${index + 1}.xml`;
}

/** Only attributes and element text made from our own fixed words and names go through here. */
function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

export function contentTypesXml(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, index) => `<Override PartName="/${worksheetPath(index)}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return (
    XML_DECLARATION +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    `${sheets}</Types>`
  );
}

export function packageRelationshipsXml(): string {
  return (
    XML_DECLARATION +
    `<Relationships xmlns="${RELATIONSHIPS}">` +
    `<Relationship Id="rId1" Type="${OFFICE_RELATIONSHIP}/officeDocument" Target="xl/workbook.xml"/>` +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
    `<Relationship Id="rId3" Type="${OFFICE_RELATIONSHIP}/extended-properties" Target="docProps/app.xml"/>` +
    '</Relationships>'
  );
}

export function workbookRelationshipsXml(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, index) => `<Relationship Id="rId${index + 1}" Type="${OFFICE_RELATIONSHIP}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`,
  ).join('');
  return (
    XML_DECLARATION +
    `<Relationships xmlns="${RELATIONSHIPS}">${sheets}<Relationship Id="rId${sheetCount + 1}" Type="${OFFICE_RELATIONSHIP}/styles" Target="styles.xml"/></Relationships>`
  );
}

export interface SheetEntry {
  readonly name: string;
  /** The autofilter's range (A1:Q93499), or null. */
  readonly filterRange: string | null;
}

/** "A1:Q9" as the absolute reference a defined name holds: 'Shortfall (2)'!$A$1:$Q$9. */
function absoluteReference(sheetName: string, range: string): string {
  const absolute = range.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
  return `'${sheetName.replaceAll("'", "''")}'!${absolute}`;
}

/**
 * xl/workbook.xml: the sheets in order, and for each autofilter the hidden name Excel itself keeps
 * for the filtered range (_xlnm._FilterDatabase), without which Excel may not offer the filter.
 */
export function workbookXml(sheets: readonly SheetEntry[]): string {
  const list = sheets.map((sheet, index) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`).join('');
  const filters = sheets
    .map((sheet, index) =>
      sheet.filterRange === null
        ? ''
        : `<definedName name="_xlnm._FilterDatabase" localSheetId="${index}" hidden="1">${escapeXml(absoluteReference(sheet.name, sheet.filterRange))}</definedName>`,
    )
    .join('');
  return (
    XML_DECLARATION +
    `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${OFFICE_RELATIONSHIP}">` +
    '<bookViews><workbookView activeTab="0"/></bookViews>' +
    `<sheets>${list}</sheets>` +
    (filters === '' ? '' : `<definedNames>${filters}</definedNames>`) +
    '</workbook>'
  );
}

/**
 * docProps/core.xml. Created and modified are the run's as-of date, not the clock: the same inputs
 * give the same bytes.
 */
export function corePropertiesXml(properties: { readonly title: string; readonly creator: string; readonly date: string }): string {
  const stamp = `${properties.date}T00:00:00Z`;
  return (
    XML_DECLARATION +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(properties.title)}</dc:title>` +
    `<dc:creator>${escapeXml(properties.creator)}</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

export function appPropertiesXml(application: string): string {
  return (
    XML_DECLARATION +
    `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${escapeXml(application)}</Application></Properties>`
  );
}
