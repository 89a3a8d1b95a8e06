"""TEMP STUB (not committed): stands in for the player branch's document while the bridge is built."""
from map_layers.assets import LEAFLET_CSS, LEAFLET_JS

def player_document(geo, events, *, lang, day, layers, view=None, user_events=None, asset_base=None):
    return f"""<!doctype html><html lang="{lang}"><head><meta charset=utf-8>
<link rel=stylesheet href="{asset_base}/{LEAFLET_CSS}"><script src="{asset_base}/{LEAFLET_JS}"></script>
<style>html,body,#map{{margin:0;height:100%}} #bar{{position:absolute;bottom:10px;left:60px;right:10px;z-index:1000;background:#fff}}</style></head>
<body><div id=map></div><div id=bar><input type=range data-time-control min=0 max=5477 value=4787 style="width:100%"></div><script>
var map=L.map('map').setView([40,125],4); var cbs={{}}; var first=Date.UTC(1891,0,1)/864e5; var t=first+4787;
var slider=document.querySelector('[data-time-control]'); var frame=0; var timer=null;
function iso(d){{return new Date(d*864e5).toISOString().slice(0,10)}}
function emit(n,v){{(cbs[n]||[]).forEach(function(c){{c(v)}})}}
function view(){{var c=map.getCenter();return {{lat:+c.lat.toFixed(4),lon:+c.lng.toFixed(4),zoom:map.getZoom()}}}}
function settle(){{clearTimeout(timer);timer=setTimeout(function(){{emit('settle',{{date:iso(t),view:view(),layers:[]}})}},250)}}
function paint(){{map.getContainer().setAttribute('data-map-date',iso(t));map.getContainer().setAttribute('data-map-frame',++frame);slider.value=t-first}}
slider.addEventListener('input',function(){{t=first+ +slider.value;paint();settle()}});
map.on('moveend',settle);
var h=new URLSearchParams(location.hash.slice(1)); if(h.get('date')){{t=Date.UTC.apply(null,h.get('date').split('-').map(function(x,i){{return i==1?x-1:+x}}))/864e5}}
if(h.get('view')){{var v=h.get('view').split(',');map.setView([+v[0],+v[1]],+v[2])}}
window.RJWPlayer={{on:function(n,c){{(cbs[n]=cbs[n]||[]).push(c)}},setDay:function(d){{t=Date.UTC.apply(null,d.split('-').map(function(x,i){{return i==1?x-1:+x}}))/864e5;paint();settle()}},
day:function(){{return iso(t)}},view:view,setLayers:function(){{}},setUserEvents:function(){{}},flyTo:function(a,b,z){{map.flyTo([a,b],z)}},
key:function(e){{if(e.key=='ArrowRight'){{t+=1;paint();settle()}}if(e.key=='ArrowLeft'){{t-=1;paint();settle()}}}}}};
document.addEventListener('keydown',function(e){{window.RJWPlayer.key(e)}});
paint();
</script></body></html>"""
