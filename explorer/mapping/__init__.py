"""Model + view state -> a Leaflet page. folium is allowed here; Qt is not."""
