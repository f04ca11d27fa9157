"""Writes an HTML page that draws a .drawio file with mxGraph (docs/exports.md).

Usage: page.py FILE.drawio MXCLIENT_JS > page.html
"""
import json
import sys

xml = open(sys.argv[1], encoding="utf-8").read()
client = sys.argv[2]
print("""<!doctype html><html><head><meta charset="utf-8">
<script>var mxLoadResources = false; var mxLoadStylesheets = false;</script>
<script src="file://%s"></script>
<style>body{margin:0;background:white}</style></head><body><div id="c" style="position:absolute;left:0;top:0"></div>
<script>
var doc = mxUtils.parseXml(%s);
var graph = new mxGraph(document.getElementById('c'));
graph.foldingEnabled = false;
graph.isHtmlLabel = function () { return false; };
// draw.io keeps labels on the <object> around a cell.
graph.convertValueToString = function (cell) {
  var v = cell.value;
  if (v != null && v.nodeType == 1) return v.getAttribute('label');
  return mxGraph.prototype.convertValueToString.apply(this, arguments);
};
new mxCodec(doc).decode(doc.getElementsByTagName('mxGraphModel')[0], graph.getModel());
// What the codec read, for the script to print.
var m = graph.getModel(), n = 0, e = 0, loose = 0, nested = 0;
for (var k in m.cells) {
  var c = m.cells[k];
  n++;
  if (c.edge) { e++; if (!c.source || !c.target) loose++; }
  if (c.parent && c.parent.id != '0' && c.parent.id != '1') nested++;
}
document.body.setAttribute('data-read', 'cells=' + n + ' edges=' + e + ' without-ends=' + loose + ' nested=' + nested);
</script></body></html>""" % (client, json.dumps(xml)))
